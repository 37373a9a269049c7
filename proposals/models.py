"""Citizen content: proposals, supports, comments, reports, moderation decisions, responses."""
