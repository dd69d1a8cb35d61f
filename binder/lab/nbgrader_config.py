# Students' nbgrader settings (installed at the environment level by binder/lab/install.sh).
# Validate runs every code cell: a notebook with an error never answers « Success ».
c = get_config()  # noqa: F821
c.Validator.validate_all = True
