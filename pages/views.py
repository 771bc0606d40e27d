from django.shortcuts import render

from .models import HomePage


def home(request):
    return render(request, "pages/home.html", {"home": HomePage.objects.first()})
