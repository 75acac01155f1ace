/* A command-line greeter with the unsafe C string handling LLMs still produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void greet(const char *name) {
    char buffer[32];
    strcpy(buffer, "Hello, ");
    strcat(buffer, name);
    printf(buffer);
    printf("\n");
}

int main(int argc, char **argv) {
    char line[64];
    char cmd[128];
    if (argc > 1) {
        greet(argv[1]);
    }
    gets(line);
    sprintf(cmd, "echo %s", line);
    system(cmd);
    return 0;
}
