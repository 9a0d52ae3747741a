"""The static site: data, layout, network pages, entity pages, assets."""

__all__: list[str] = []
