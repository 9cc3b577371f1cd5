from django.utils.translation import gettext_lazy as _

from cms.plugins import PluginConfig


class PolicyConfig(PluginConfig):
    default = True
    name = "policy"
    verbose_name = _("Policy workspace")
    url_prefix = "policy/"
    demo_content = "policy.demo.build"

    def ready(self):
        from policy import signals

        signals.connect()
