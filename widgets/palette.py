"""The colours of a drawing's nodes: one per role, and one per device in order of first appearance."""

ROLE_COLORS = {
    "variable": "#9ecae1", "assign": "#fdae6b", "read": "#c6dbef", "initializer": "#e5f5e0",
    "input": "#fff3bf", "constant": "#eeeeee", "compute": "#ffffff", "control": "#dddddd", "scope": "#d0d0e8",
}
DEVICE_COLORS = ("#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#fccde5")
NO_DEVICE = "(no device)"
_NO_DEVICE_COLOR = "#ffffff"


def device_color(devices, device):
    """The colour of `device` given every device in order of first appearance (unplaced ops: white)."""
    if device == NO_DEVICE:
        return _NO_DEVICE_COLOR
    placed = [name for name in devices if name != NO_DEVICE]
    return DEVICE_COLORS[placed.index(device) % len(DEVICE_COLORS)]
