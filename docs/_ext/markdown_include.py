"""Include a Markdown file of plain structure (the repository's
CHANGELOG.md) in a reStructuredText page, with no Markdown parser.

``.. include:: ../CHANGELOG.md`` reads the file as reStructuredText; this
extension rewrites it first: ``#``, ``##`` and ``###`` headings become
underlined titles and ``[text](url)`` links become reStructuredText links.
The rest already reads the same in both: ``-`` lists with indented
continuation lines, ``**bold**``, and ```code``` (``default_role`` is
"literal" in conf.py).
"""

import re

_UNDERLINES = {1: "=", 2: "-", 3: "~", 4: "^"}
_HEADING = re.compile(r"^(#{1,4}) +(.+?) *#* *$", flags=re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def markdown_to_rst(text):
    def heading(match):
        title = match.group(2)
        return f"{title}\n{_UNDERLINES[len(match.group(1))] * len(title)}"

    text = _HEADING.sub(heading, text)
    return _LINK.sub(r"`\1 <\2>`__", text)


def _convert(app, relative_path, parent_docname, content):
    if str(relative_path).endswith(".md"):
        content[0] = markdown_to_rst(content[0])


def setup(app):
    app.connect("include-read", _convert)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
