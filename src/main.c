#include "config.h"
#include <stdio.h>
#include "canopy.h"
int
main(void)
{
	printf("canopy\n");
	return 0;
}
