/* a cast that makes realloc write a uint32_t * through a void ** */
void f(unsigned **p);
void f(unsigned **p)
{
	g((void **)p);
}
