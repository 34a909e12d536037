"""Demo data for the embedded default: the LLR partnership, its teams and demo sign-ins."""
