"""`tf.estimator.export`: what a model exports for serving (the outputs of its prediction signature)."""

from tfvars.estimator.export.export_output import ExportOutput, PredictOutput

__all__ = ["ExportOutput", "PredictOutput"]
