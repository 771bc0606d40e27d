from django.urls import path

from . import views
from .journey import STEPS

app_name = "referrals"

urlpatterns = [
    path("", views.start, name="start"),
    *[path(f"{step.slug}/", views.StepView.as_view(step=step), name=step.slug) for step in STEPS],
    path("check-answers/", views.CheckAnswersView.as_view(), name="check-answers"),
    path("confirmation/", views.confirmation, name="confirmation"),
]
