"""Wagtail admin of moderation: the queue, its actions and appeals."""
