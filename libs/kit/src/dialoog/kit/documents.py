"""PDF documents (personnel file exports, decision letters) from Typst templates. The data goes in
as JSON through `sys.inputs`, never spliced into the markup, so no user text can change the layout
or run Typst code."""

from __future__ import annotations

import json
from typing import Any


def render_pdf(template: str, data: dict[str, Any]) -> bytes:
    import typst

    source = "#let data = json(bytes(sys.inputs.data))\n" + template
    return typst.compile(source.encode(), format="pdf", sys_inputs={"data": json.dumps(data, default=str)})
