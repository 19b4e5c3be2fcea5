"""MkDocs hooks: thin adapters over ``cheatsheet.mkdocs_glue`` (logic and tests live there).

MkDocs loads this file by path, so it imports the installed ``cheatsheet`` package rather
than anything relative to this file.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from cheatsheet.mkdocs_glue import SiteBuild

_build = SiteBuild()


def on_startup(command, dirty):
    _build.startup(command, dirty)


def on_config(config):
    _build.configure(config)
    return config


def on_pre_build(config):
    _build.pre_build(config)


def on_files(files, config):
    return _build.files(files, config)


def on_nav(nav, config, files):
    _build.set_nav(nav)
    return nav


def on_env(env, config, files):
    _build.env(env, config)
    return env


def on_pre_page(page, config, files):
    _build.pre_page(page)
    return page


def on_page_markdown(markdown, page, config, files):
    return _build.page_markdown(markdown, page)


@event_priority(50)  # before the search index and any print plugin read page.content
def on_page_content(html, page, config, files):
    return _build.page_content(html, page, config)


def on_post_page(output, page, config):
    return _build.post_page(output)


def on_post_template(output_content, template_name, config):
    return _build.post_page(output_content)  # 404.html and other theme templates


def on_post_build(config):
    _build.post_build(config)


def on_build_error(error):
    _build.build_error()


def on_serve(server, config, builder):
    _build.serve(server, config)
    return server


def on_shutdown():
    _build.shutdown()
