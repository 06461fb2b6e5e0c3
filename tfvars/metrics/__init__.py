"""`tf.metrics`: streaming metrics, each returning `(value, update_op)` and keeping its totals in local variables.

Run `tf.local_variables_initializer()` before the first `update_op` (and to
reset the totals), exactly as in TF 1.x.
"""

from tfvars.metrics.classes import mean_iou, mean_per_class_accuracy
from tfvars.metrics.counts import false_negatives, false_positives, precision, recall, true_negatives, true_positives
from tfvars.metrics.means import (
    accuracy, mean, mean_absolute_error, mean_squared_error, root_mean_squared_error,
)
from tfvars.metrics.thresholds import (
    auc, false_negatives_at_thresholds, false_positives_at_thresholds, precision_at_thresholds,
    recall_at_thresholds, true_negatives_at_thresholds, true_positives_at_thresholds,
)

__all__ = [
    "accuracy", "auc", "false_negatives", "false_negatives_at_thresholds", "false_positives",
    "false_positives_at_thresholds", "mean", "mean_absolute_error", "mean_iou", "mean_per_class_accuracy",
    "mean_squared_error", "precision", "precision_at_thresholds", "recall", "recall_at_thresholds",
    "root_mean_squared_error", "true_negatives", "true_negatives_at_thresholds", "true_positives",
    "true_positives_at_thresholds",
]
