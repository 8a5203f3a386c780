"""Sphinx configuration of the course website (`make site`).

dlcourse/website.py lays the pages out under build/site-source/ with the
repository's paths and runs sphinx-build with this folder as its
configuration.  MyST-NB reads the notebooks and never executes them: the
lessons carry the outputs of their full-mode run.  Everything here works
offline; the theme's files come with its package."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dlcourse.website import BRANCH, repository  # noqa: E402

project = "Deep learning with TensorFlow and Keras"
author = "the course's authors"
copyright = "the course's authors"
html_title = project

extensions = ["myst_nb"]
exclude_patterns = ["**.ipynb_checkpoints"]

# Notebooks: shown as they are, never run here.
nb_execution_mode = "off"
nb_output_stderr = "remove"  # TensorFlow's and Keras's log lines teach nothing on a page
nb_merge_streams = True
# A lesson's results cell displays its figures as JSON for the results
# harness, and as text for people: the page shows the text (MyST-NB warns
# that it has no renderer for the JSON before it picks the text).
suppress_warnings = ["mystnb.unknown_mime_type"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 4  # GitHub's anchors (#model-diagrams) work on the site too

html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": repository(),
    "repository_branch": BRANCH,
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "launch_buttons": {
        "colab_url": "https://colab.research.google.com",
        "binderhub_url": "https://mybinder.org",
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # The sidebar has the search field.  Without this, pydata-sphinx-theme
    # 0.20 (the book theme's base) adds a second one in a bar of its own
    # across the top of every page, since only options set here count as set.
    "navbar_persistent": [],
}
html_last_updated_fmt = None
html_copy_source = True  # the download button serves each page's .ipynb from _sources/
html_show_sourcelink = False
