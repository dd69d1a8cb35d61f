# Instructor profile (JUPYTER_CONFIG_PATH, `make formateur`): nbgrader's default validation.
c = get_config()  # noqa: F821
c.Validator.validate_all = False
c.Validator.Execute.extra_arguments = []
