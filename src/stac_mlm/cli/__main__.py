"""``python -m stac_mlm.cli``: the ``stac-mlm`` command."""

from stac_mlm.cli import main

if __name__ == "__main__":  # not when a tool imports every module of the package
    raise SystemExit(main())
