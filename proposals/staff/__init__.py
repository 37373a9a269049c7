"""The staff dashboard: what waits for the staff of each consultation, oldest first."""
