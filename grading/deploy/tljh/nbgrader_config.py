# nbgrader configuration for a The Littlest JupyterHub server (one machine).
# Install as /etc/jupyter/nbgrader_config.py (read by every user's server).
c = get_config()  # noqa: F821

c.CourseDirectory.course_id = "casekit-bc01"
# The exchange: a world-writable folder with the sticky bit (see README.md).
c.Exchange.root = "/srv/nbgrader/exchange"
c.Exchange.path_includes_course = True
# Students only see the assignment list and the Validate button.
c.NbGrader.logfile = ""
