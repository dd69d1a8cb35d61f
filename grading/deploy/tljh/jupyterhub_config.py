# Extra JupyterHub config for TLJH: drop into /opt/tljh/config/jupyterhub_config.d/
# The formgrader runs as a hub service owned by the instructor account "formateur",
# on the course folder /home/formateur/grading (the casekit course, see README.md).
c = get_config()  # noqa: F821

c.JupyterHub.load_groups = {
    "formgrade-casekit-bc01": {"users": ["formateur"]},
    "nbgrader-casekit-bc01": {"users": []},  # students: filled in by the instructor
}
c.JupyterHub.load_roles = [
    {"name": "formgrader-service", "services": ["casekit-bc01"],
     "scopes": ["read:users", "list:users"]},
    {"name": "formgrade-casekit-bc01", "groups": ["formgrade-casekit-bc01"],
     "scopes": ["access:services!service=casekit-bc01"]},
]
c.JupyterHub.services = [
    {
        "name": "casekit-bc01",
        "url": "http://127.0.0.1:9999",
        "command": ["jupyterhub-singleuser", "--debug", "--port=9999"],
        "user": "formateur",
        "cwd": "/home/formateur/grading",
        "environment": {"JUPYTERHUB_DEFAULT_URL": "/lab"},
        "api_token": None,
        "oauth_no_confirm": True,
    }
]
