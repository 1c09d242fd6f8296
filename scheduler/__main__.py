"""`python -m scheduler` is the same as the `jadwal` command."""

from scheduler.cli import main

if __name__ == "__main__":
    main()
