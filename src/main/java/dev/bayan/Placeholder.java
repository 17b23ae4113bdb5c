package dev.bayan;
class Placeholder {}
