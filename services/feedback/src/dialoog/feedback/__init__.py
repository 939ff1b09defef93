"""feedback: 360 feedback requests to colleagues and external people, and their answers."""
