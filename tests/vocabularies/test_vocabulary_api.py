"""The vocabularies through the action API, open to anyone."""

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.simore.vocabularies import terms as vocabulary


def test_vocabulary_list_names_every_vocabulary_with_titles_in_seven_languages(app):
    response = app.get("/api/3/action/simore_vocabulary_list")
    result = response.json["result"]
    by_name = {vocab["name"]: vocab for vocab in result}
    assert set(vocabulary.names()) <= set(by_name)  # every shipped vocabulary
    assert by_name["sdg_targets"]["term_count"] == 169
    assert set(by_name["themes"]["title"]) == {"es", "en", "fr", "ar", "zh", "ru", "pt"}


def test_vocabulary_show_gives_codes_labels_parents_and_aliases(app):
    result = app.get("/api/3/action/simore_vocabulary_show", params={"id": "sdg_targets"}).json["result"]
    target = next(term for term in result["terms"] if term["code"] == "16.3")
    assert target["parent"] == "16"
    assert set(target["label"]) == {"es", "en", "fr", "ar", "zh", "ru", "pt"}
    assert target["label"]["zh"].startswith("在国家和国际层面促进法治")
    themes = helpers.call_action("simore_vocabulary_show", id="themes")
    torture = [t for t in themes["terms"] if "uhri" in t["aliases"]]
    assert torture, "themes carry the labels UHRI uses"


def test_unknown_vocabulary_is_a_clear_not_found(app):
    response = app.get("/api/3/action/simore_vocabulary_show", params={"id": "colours"}, status=404)
    assert "No vocabulary called 'colours'" in response.json["error"]["message"]


def test_vocabulary_actions_are_open_to_anonymous_users():
    context = {"user": "", "ignore_auth": False}
    assert tk.check_access("simore_vocabulary_list", context, {})
    assert tk.check_access("simore_vocabulary_show", context, {"id": "themes"})


def test_missing_id_is_a_validation_error():
    with pytest.raises(tk.ValidationError) as excinfo:
        helpers.call_action("simore_vocabulary_show")
    assert "id" in excinfo.value.error_dict
