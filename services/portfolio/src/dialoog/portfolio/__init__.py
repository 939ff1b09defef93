"""portfolio: Portfolios, agreements, talks, conclusions, locking and the personnel file."""
