# Students' nbgrader settings (installed at the environment level by binder/lab/install.sh).
# Validate runs every code cell: a notebook with an error never answers « Success ».
# Warnings are advice, never a failure: they are silenced in Validate's kernel only (nested
# config, so autograde is untouched), since validate_all counts any stderr as a failed cell.
c = get_config()  # noqa: F821
c.Validator.validate_all = True
c.Validator.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import warnings; warnings.simplefilter('ignore')"]
