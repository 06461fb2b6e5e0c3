"""`tf.estimator.export.ExportOutput`: the outputs of one serving signature of an EstimatorSpec.

TF 1.x: only PredictOutput is here (no ClassificationOutput or RegressionOutput), and
nothing writes a SavedModel from it.
"""

from tfvars.framework.tensor import Tensor

__all__ = ["DEFAULT_SERVING_SIGNATURE_DEF_KEY", "ExportOutput", "PredictOutput"]

DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"


class ExportOutput:
    """The base of the outputs a model exports for one signature."""

    def _wrap_and_check_outputs(self, outputs, single_output_default_name, error_label):
        """`outputs` as a {string: Tensor} dict (a lone tensor under `single_output_default_name`).

        Raises:
          ValueError: for a key that is not a string or a value that is not a Tensor.
        """
        if not isinstance(outputs, dict):
            outputs = {single_output_default_name: outputs}
        for key, value in outputs.items():
            if not isinstance(key, str):
                raise ValueError("{} output key must be a string; got {}.".format(error_label, key))
            if not isinstance(value, Tensor):
                raise ValueError("{} output value must be a Tensor; got {}.".format(error_label, value))
        return dict(outputs)


class PredictOutput(ExportOutput):
    """The outputs of a generic prediction signature: a dict of tensors, or one tensor (as "output")."""

    _SINGLE_OUTPUT_DEFAULT_NAME = "output"

    def __init__(self, outputs):
        self._outputs = self._wrap_and_check_outputs(outputs, self._SINGLE_OUTPUT_DEFAULT_NAME,
                                                     error_label="Prediction")

    @property
    def outputs(self):
        return self._outputs
