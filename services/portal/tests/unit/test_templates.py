"""The templates' shape: a page's title block holds only text (no markup lands in <title>)."""

from jinja2 import nodes

from dialoog.portal.web.render import templates


def test_title_blocks_hold_no_markup():
    env = templates.env
    checked = []
    for name in env.list_templates(extensions=["html"]):
        source = env.loader.get_source(env, name)[0]
        for block in env.parse(source).find_all(nodes.Block):
            if block.name != "title":
                continue
            markup = [d.data for d in block.find_all(nodes.TemplateData) if "<" in d.data]
            assert markup == [], f"{name}: markup in the title block: {markup}"
            assert not list(block.find_all(nodes.Block)), f"{name}: a block inside the title block"
            checked.append(name)
    assert "people.html" in checked
