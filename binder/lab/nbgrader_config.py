# Students' nbgrader settings (installed at the environment level by binder/lab/install.sh).
# Validate runs every code cell: a notebook with an error never answers « Success ».
# Warnings are silenced in the validation kernel only (they are advice, never a failure;
# validate_all would otherwise count their stderr output as a failed cell).
c = get_config()  # noqa: F821
c.Validator.validate_all = True
c.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import warnings; warnings.simplefilter('ignore')"]
