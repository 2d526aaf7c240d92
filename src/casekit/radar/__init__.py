"""Technology radars (placeholder while building)."""
