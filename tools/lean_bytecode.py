"""Write the optimised bytecode (`python -OO`) of everything `zorgbot serve` loads.

`serve` restarts itself as `python -OO` to leave the libraries' docstrings out of memory (see
`_restart_lean` in bot/cli.py). Python compiles that bytecode on first use; without it in place,
every start would compile SQLAlchemy, matrix-nio and the rest again where bytecode cannot be written.
`make install` runs this once: `.venv/bin/python -OO -m tools.lean_bytecode`.
"""
from __future__ import annotations

import sys


def main() -> int:
    if sys.flags.optimize < 2:
        print("run as: python -OO -m tools.lean_bytecode", file=sys.stderr)
        return 2
    sys.dont_write_bytecode = False          # also where PYTHONDONTWRITEBYTECODE is set for development
    # What a start loads, then what the first turns and the first plain question, reminder, calendar
    # and migration load later on.
    import bot.serve  # noqa: F401
    import bot.transports.matrix.head_start  # noqa: F401
    import bot.transports.matrix.transport  # noqa: F401
    import bot.transports.telegram  # noqa: F401
    import bot.scheduler  # noqa: F401
    from bot.registry import build_answerers, build_commands, build_dialogues
    build_commands(), build_dialogues(), build_answerers()
    import alembic.command  # noqa: F401
    import alembic.config  # noqa: F401
    import dateparser  # noqa: F401
    import dialogues.understanding  # noqa: F401
    import icalendar  # noqa: F401
    import markdown_it  # noqa: F401
    return 0


if __name__ == "__main__":
    sys.exit(main())
