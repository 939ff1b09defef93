"""portal: The web portal for employees, managers, HR, directors and tenant admins."""
