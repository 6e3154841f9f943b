"""The journey map: the scene and the view, the stage, handoff and grid items drawn on it,
the overlays laid over it (deal replay, heat, snapshot diff), the minimap, the phase and lane
headers' editing, finding a stage, and the map as an image."""
