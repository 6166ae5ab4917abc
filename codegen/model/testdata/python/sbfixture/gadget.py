"""Two classes whose Elixir modules collide."""


class Gadget:
    """Upper-case gadget."""

    def spin(self, times=1):
        return times


class gadget:
    """Lower-case gadget."""

    def turn(self):
        return None
