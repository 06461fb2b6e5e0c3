"""`tf.random`: TF 1.x's namespace of random ops (`tf.random.normal` is `tf.random_normal`, ...).

Every op draws from its own seeded stream (see `tf.set_random_seed`); tfvars
never touches numpy's global random state, so a program's `np.random.seed`
and tfvars' results do not affect each other.
"""

from tfvars.framework import graph as _graph
from tfvars.framework.op_def_registry import apply_op as _apply_op
from tfvars.framework.random_seed import get_seed, set_random_seed
from tfvars.framework.tensor_conversion import convert_to_tensor as _convert_to_tensor
from tfvars.ops.random_ops import multinomial
from tfvars.ops.random_ops import random_normal as normal
from tfvars.ops.random_ops import random_shuffle as shuffle
from tfvars.ops.random_ops import random_uniform as uniform
from tfvars.ops.random_ops import truncated_normal

__all__ = [
    "categorical", "get_seed", "multinomial", "normal", "set_random_seed", "shuffle", "truncated_normal", "uniform",
]


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """`num_samples` class indices per row of the [batch, classes] `logits` (op "Multinomial", scope "categorical").

    `dtype` is the indices' type: int64 (the default) or int32.
    """
    with _graph.op_scope(name, "categorical", [logits]):
        logits = _convert_to_tensor(logits, name="logits")
        seed1, seed2 = get_seed(seed)
        return _apply_op("Multinomial", logits=logits, num_samples=num_samples, seed=seed1, seed2=seed2,
                         output_dtype=dtype).outputs[0]
