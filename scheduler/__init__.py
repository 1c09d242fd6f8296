"""jadwal: a self-hosted content scheduler that holds a social-media plan to the five rules."""

__version__ = "0.1.0"
