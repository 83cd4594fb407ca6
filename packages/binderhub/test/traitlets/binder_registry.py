"""Loads the BinderHub chart's rendered binderhub_config.py with the real traitlets, as the binder pod
does, and prints the settings a DockerRegistry (the binder app its parent) ends up with, as JSON, or
the error traitlets raises. argv: the rendered binderhub_config.py, the rendered values as JSON.

Only ruamel.yaml (not installed here) is stood in for: the values come as JSON, read where the pod
reads /etc/binderhub/config/values.yaml.
"""

import builtins
import json
import sys
import types

config_file, values_json = sys.argv[1], sys.argv[2]

real_open = builtins.open


def pod_open(path, *args, **kwargs):
    if path == "/etc/binderhub/config/values.yaml":
        path = values_json
    return real_open(path, *args, **kwargs)


builtins.open = pod_open


class YAML:
    def load(self, stream):
        return json.load(stream)


ruamel = types.ModuleType("ruamel")
ruamel_yaml = types.ModuleType("ruamel.yaml")
ruamel_yaml.YAML = YAML
ruamel.yaml = ruamel_yaml
sys.modules["ruamel"] = ruamel
sys.modules["ruamel.yaml"] = ruamel_yaml

from traitlets import Bool, TraitError, Unicode  # noqa: E402
from traitlets.config import Application, LoggingConfigurable  # noqa: E402


# The traits BinderHub's DockerRegistry and app declare for these settings (binderhub/registry.py, app.py).
class DockerRegistry(LoggingConfigurable):
    url = Unicode(config=True)
    auth_config_url = Unicode(config=True)
    token_url = Unicode(config=True)
    username = Unicode(config=True)
    password = Unicode(config=True)


class BinderHub(Application):
    use_registry = Bool(True, config=True)
    image_prefix = Unicode("", config=True)


app = BinderHub()
try:
    app.load_config_file(config_file)
    registry = DockerRegistry(parent=app)
    print(
        json.dumps(
            {
                "image_prefix": app.image_prefix,
                **{
                    name: getattr(registry, name)
                    for name in ("url", "token_url", "auth_config_url")
                },
            }
        )
    )
except TraitError as error:
    print(json.dumps({"error": str(error)}))
