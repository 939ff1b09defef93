"""salaris: Salary scales, the year-end salary round, decisions, letters and objections."""
