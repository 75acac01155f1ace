{
  "targets": [
    {
      "target_name": "zygote",
      "type": "loadable_module",
      "sources": ["zygote.c"],
      "cflags": ["-std=c11", "-fvisibility=hidden"]
    }
  ]
}
