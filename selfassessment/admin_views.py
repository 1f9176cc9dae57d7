from django.http import Http404


def statistics(request):
    raise Http404


export_results = import_questionnaire = export_questionnaire = new_version = statistics
