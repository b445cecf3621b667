/* The client bundle as QuickJS bytecode, embedded read-only (main.c reads it in place:
 * JS_READ_OBJ_ROM_DATA). `.long` is 4 bytes on every target this is assembled for. The file
 * name is given by the build with -DBUNDLE_PATH="...". */
        .section .rodata
        .globl faultline_bundle
        .balign 8
faultline_bundle:
        .incbin BUNDLE_PATH
faultline_bundle_end:
        .globl faultline_bundle_size
        .balign 4
faultline_bundle_size:
        .long faultline_bundle_end - faultline_bundle
