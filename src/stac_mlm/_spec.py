"""The MLM release this package implements."""

from typing import Final

MLM_VERSION: Final = "1.5.2"
MLM_SCHEMA_URI: Final = f"https://stac-extensions.github.io/mlm/v{MLM_VERSION}/schema.json"
