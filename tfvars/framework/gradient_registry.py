"""The gradient function of every op type: `tf.RegisterGradient`, `tf.NotDifferentiable`.

A gradient function takes the forward `Operation` and the gradients flowing into each of its
outputs, and returns one gradient per input (None where no gradient flows). Op libraries
register theirs next to the op (`math_grad`, `array_grad`, ...); users register their own under
new names and select them with `Graph.gradient_override_map`.
"""

_GRADIENT_FUNCTIONS = {}


class RegisterGradient:
    """A decorator registering a gradient function for an op type.

    >>> @RegisterGradient("MyOp")
    ... def _my_op_grad(op, grad):
    ...     return grad
    """

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, gradient_function):
        _register(self._op_type, gradient_function)
        return gradient_function


def NotDifferentiable(op_type):
    """Declares that ops of `op_type` have no gradient: nothing flows back through them."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    _register(op_type, None)


no_gradient = NotDifferentiable


def _register(op_type, gradient_function):
    if op_type in _GRADIENT_FUNCTIONS:
        raise KeyError("Registering two gradient with name '%s'! (Previous registration was in %s)"
                       % (op_type, _where(_GRADIENT_FUNCTIONS[op_type])))
    _GRADIENT_FUNCTIONS[op_type] = gradient_function


def _where(function):
    code = getattr(function, "__code__", None)
    return "%s:%d" % (code.co_filename, code.co_firstlineno) if code else "NotDifferentiable"


def get_gradient_function(op):
    """The gradient function of `op` (None when it has no inputs or is not differentiable).

    Honours a `gradient_override_map` in force when the op was built. Raises LookupError when
    nothing is registered for the op's (overridden) type.
    """
    if not op.inputs:
        return None
    override = op._attrs.get("_gradient_op_type")
    op_type = override.decode() if override is not None else op.type
    try:
        return _GRADIENT_FUNCTIONS[op_type]
    except KeyError:
        raise LookupError("No gradient defined for operation '%s' (op type: %s)" % (op.name, op_type)) from None
