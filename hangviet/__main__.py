"""`python -m hangviet <command>` (and the `hangviet` console script) is manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0] if sys.argv[0].endswith("hangviet") else "hangviet", *sys.argv[1:]])


if __name__ == "__main__":
    main()
