"""`python -m kg.cli`."""

from kg.cli.commands import main

if __name__ == "__main__":
    main()
