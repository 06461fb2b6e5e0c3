"""tfvars: TensorFlow 1.x's graph, session and variable model, on numpy.

Use it as TensorFlow 1.x: `import tfvars as tf`.
"""

from tfvars.framework import dtypes
from tfvars.framework import errors
from tfvars.framework.device import DeviceSpec
from tfvars.framework.dtypes import (
    DType, as_dtype, bool_ as bool, double, float16, float32, float64, half, int8, int16, int32, int64,
    resource, string, uint8, uint16, uint32, uint64, variant, bool_ref, float16_ref, float32_ref, float64_ref,
    int8_ref, int16_ref, int32_ref, int64_ref, string_ref, uint8_ref,
)
from tfvars.framework.graph import (
    Graph, add_to_collection, add_to_collections, colocate_with, control_dependencies, device, get_all_collection_keys,
    get_collection, get_collection_ref, get_default_graph, name_scope, reset_default_graph,
)
from tfvars.framework.gradient_registry import NotDifferentiable, RegisterGradient, no_gradient
from tfvars.framework.graph_keys import GraphKeys
from tfvars.framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from tfvars.framework.operation import Operation
from tfvars.framework.tensor import Tensor
from tfvars.framework.tensor_conversion import (
    convert_to_tensor, convert_to_tensor_or_indexed_slices, register_tensor_conversion_function,
)
from tfvars.framework.tensor_shape import Dimension, TensorShape
from tfvars.initializers import *  # noqa: F401,F403
from tfvars.ops.array_ops import *  # noqa: F401,F403
from tfvars.ops.check_ops import *  # noqa: F401,F403
from tfvars.ops.clip_ops import *  # noqa: F401,F403
from tfvars.ops.confusion_matrix import *  # noqa: F401,F403
from tfvars.ops.constant_op import *  # noqa: F401,F403
from tfvars.ops.control_flow_ops import *  # noqa: F401,F403
from tfvars.ops.gradients_impl import *  # noqa: F401,F403
from tfvars.ops import array_grad, math_grad  # noqa: F401 (register the gradient rules)
from tfvars.ops import layers_grad  # noqa: F401 (registers the gradient rules of the layers' ops)
from tfvars.ops import control_flow_grad, linalg_grad, nn_grad  # noqa: F401 (register more gradient rules)
from tfvars.ops.logging_ops import *  # noqa: F401,F403
from tfvars.ops.math_ops import *  # noqa: F401,F403
from tfvars.ops.nn_ops import *  # noqa: F401,F403
from tfvars.ops.random_ops import *  # noqa: F401,F403
from tfvars.ops import resource_variable_ops  # noqa: F401 (registers the resource-variable ops)
from tfvars.ops.script_ops import *  # noqa: F401,F403
from tfvars.ops.state_ops import *  # noqa: F401,F403
from tfvars.ops.variable_scope import *  # noqa: F401,F403
from tfvars.partitioned_variables import *  # noqa: F401,F403
from tfvars.variable_initialization import *  # noqa: F401,F403
from tfvars.variables import Variable, VariableAggregation, VariableSynchronization
from tfvars import app
from tfvars import compat
from tfvars import estimator
from tfvars import flags
from tfvars import initializers
from tfvars import io
from tfvars import layers
from tfvars import logging  # noqa: F401 (tf.logging; inside tfvars, modules import the stdlib's absolutely)
from tfvars import losses
from tfvars import math  # noqa: F401 (tf.math)
from tfvars import metrics
from tfvars import nn
from tfvars import random  # noqa: F401 (tf.random)
from tfvars import summary
from tfvars import test
from tfvars import train
from tfvars.session import ConfigProto, InteractiveSession, RunMetadata, RunOptions, Session, get_default_session

newaxis = None
__version__ = "1.15.0"
