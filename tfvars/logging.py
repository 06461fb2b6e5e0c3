"""`tf.logging`: TF 1.x's logging functions (see `tfvars.platform.tf_logging`)."""

from tfvars.platform.tf_logging import *  # noqa: F401,F403
from tfvars.platform.tf_logging import __all__  # noqa: F401
