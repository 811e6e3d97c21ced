"""CKAN's own interface strings that the extension translates: those its
Spanish and French catalogues leave in English, and those that speak of
datasets where the portal keeps records. The extension's catalogue is
merged after CKAN's, so its translation of one of CKAN's strings wins;
listing them here keeps them in the catalogue (scripts/update-translations
extracts them). tests/i18n/test_untranslated.py finds the ones to add."""

from ckanext.simore.multilingual import N_


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks one of CKAN's plural strings (extracted as a plural message)."""
    return singular, plural


# Left in English by CKAN's es or fr catalogue.
LEFT_IN_ENGLISH = (
    N_("Skip to main content"),
    N_("Toggle navigation"),
    N_("Navigate to Home - {site_title}"),
    N_("Breadcrumb"),
    N_("Account"),
    N_("Profile settings"),
    N_("close"),
    N_("Submit"),
    N_("Go"),
    N_(
        'You can use <a href="#markdown" title="Markdown quick reference" data-bs-toggle="popover" '
        'data-bs-content="%(markdown_tooltip)s" data-bs-html="true">Markdown formatting</a> here'
    ),
    N_("Activity occurred on: {time}"),
    N_("Open details page for {name}"),
    N_("Unpublish"),
    N_("{num} Members"),
    N_("{actor} updated the {dataset_type} {dataset}"),
    N_("{actor} created the {dataset_type} {dataset}"),
    N_("{actor} deleted the {dataset_type} {dataset}"),
    N_("Search followee"),
    N_("All activity types"),
    N_("View this version"),
    N_("No activity found"),
    N_("No activity found for this type"),
    N_("API Tokens"),
    N_("{number} views"),
    N_("Username or Email"),
    N_("This information is visible to you and admins"),
    N_("State"),
    N_("Profile picture"),
    N_("Profile picture URL"),
)

# Worded for datasets: the portal's records are recommendations, actions and
# mechanisms.
IN_THE_PORTALS_WORDS = (
    N_("Dataset not found or you have no permission to view it"),
    N_("Datasets"),
    N_("My Datasets"),
    N_("Search Datasets..."),
    N_("Search datasets..."),
    N_("Create datasets, groups and other exciting things"),
    N_("You haven't created any datasets."),
    N_("This dataset satisfies the Open Definition."),
    N_(
        "CKAN Organizations are used to create, manage and publish collections of datasets. Users can have "
        "different roles within an Organization, depending on their level of authorisation to create, edit and publish."
    ),
    N_("What are Organizations?"),
    N_("Edit Organization"),
    N_("Datasets in organization: {group}"),
    N_("{actor} created the organization {organization}"),
    N_("{actor} updated the organization {organization}"),
    N_("{actor} deleted the organization {organization}"),
    N_("Add Dataset"),
    N_("Dataset"),
    N_("Organization"),
    N_("Organizations"),
    N_("0 Datasets"),
    N_("0 Members"),
    ngettext("{num} Dataset", "{num} Datasets"),
    ngettext("{num} Member", "{num} Members"),
)

# The activity filter's types (CKAN shows their codes), in the portal's words.
ACTIVITY_TYPES = {
    "new package": N_("New record"),
    "changed package": N_("Changed record"),
    "deleted package": N_("Deleted record"),
    "follow dataset": N_("Followed record"),
    "new resource view": N_("New preview of a file"),
    "changed resource view": N_("Changed preview of a file"),
    "deleted resource view": N_("Deleted preview of a file"),
    "new user": N_("New user"),
    "changed user": N_("Changed user"),
    "follow user": N_("Followed user"),
    "new group": N_("New group"),
    "changed group": N_("Changed group"),
    "deleted group": N_("Deleted group"),
    "follow group": N_("Followed group"),
    "new organization": N_("New institution"),
    "changed organization": N_("Changed institution"),
    "deleted organization": N_("Deleted institution"),
}
