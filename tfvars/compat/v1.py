"""`tf.compat.v1`: the tfvars namespace, so that `import tfvars.compat.v1 as tf` is `import tfvars as tf`."""

import sys

import tfvars

sys.modules[__name__] = tfvars
