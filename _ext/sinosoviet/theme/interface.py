"""The themes' words in the edition's language, where their own catalogues lack them or use
another variety of Chinese.

pydata-sphinx-theme has no Chinese for "Color mode" or "System Settings"; sphinx-book-theme's
Chinese prints "Print to PDF" in its Taiwanese form. The book's own catalogues for those domains
are ``locale/<language>/LC_MESSAGES/{sphinx,booktheme}.po`` beside this module, compiled with babel
into the build's doctree directory when the build starts, and registered before the themes
register theirs, so that their words come first and the themes' fill in the rest. (Words of the
book's own templates belong in ``locales/<language>/LC_MESSAGES/sphinx.po``, which ``make
update-po`` maintains.)
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.config import Config

LOCALE = Path(__file__).with_name("locale")


def compile_catalogues(language: str, into: Path) -> list[str]:
    """Compile the interface catalogues of ``language`` into ``into``; their domains."""
    source = LOCALE / language / "LC_MESSAGES"
    domains = []
    for po in sorted(source.glob("*.po")) if source.is_dir() else []:
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        target = into / language / "LC_MESSAGES" / f"{po.stem}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalogue)
        domains.append(po.stem)
    return domains


def _register(app: Sphinx, config: Config) -> None:
    language = str(config.language or "en")
    if language == "en":
        return
    into = Path(app.doctreedir) / "sinosoviet-interface"
    for domain in compile_catalogues(language, into):
        app.add_message_catalog(domain, str(into))


def setup_interface(app: Sphinx) -> None:
    # config-inited: the language is known (conf.py's _chinese_edition has read RTD's zh-cn),
    # and the themes, loaded with the builder later, have not registered their catalogues yet.
    app.connect("config-inited", _register, priority=900)
