"""nbgrader settings for the learner's Validate button (`make lab`).

nbgrader's Validate reads nbgrader_config.py from the Jupyter config path,
which `make lab` extends with this folder.  Its default limit of 30 s per
cell is too short for the test cells that train a network (chapter 07's
trains two for 60 epochs each): a correct notebook would be reported as
failing on a slow laptop.  Grading has its own limits (autograder/).
"""

c = get_config()  # noqa: F821 -- provided by traitlets when it loads this file

c.Execute.timeout = 600
