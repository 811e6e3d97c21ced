"""What the plugin registers depends on the plugins beside it."""

import ckan.plugins.toolkit as tk
import pytest

from ckanext.simore.records import actions

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.mark.ckan_config("ckan.plugins", "simore scheming_datasets")
def test_starts_without_the_activity_plugin():
    # CKAN refuses to chain an action nobody provides, so the activity
    # reads are left out; everything else is there
    assert tk.get_action("simore_status_history")
    for name in actions.ACTIVITY_READS:
        with pytest.raises(KeyError):
            tk.get_action(name)
