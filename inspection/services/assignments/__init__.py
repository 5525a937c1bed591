"""An officer's assignments: what they see (queries), the notice they receive, and their replies
(accept, decline, replacement)."""
